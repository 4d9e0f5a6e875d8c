// Registers the kit's elements. Vue must also be told they are custom elements, in
// vite.config: vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('rc-') } } })
import 'rc-phone-kit/define.js';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App, { user: new URLSearchParams(location.search).get('user') ?? 'alice' }).mount('#app');

// Kit events are typed on `document` too, and every phone's errors bubble up to it.
document.addEventListener('rc-error', (event) => console.warn(`[phone] ${event.detail.code}: ${event.detail.error.message}`));
