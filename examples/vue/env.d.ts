// Single-file components, for TypeScript (Vite compiles them with @vitejs/plugin-vue).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<{ user: string }>;
  export default component;
}
