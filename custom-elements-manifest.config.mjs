export default {
  globs: ['src/elements/**/*.component.ts', 'src/elements/**/*.ts', 'src/internal/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/*harness*.ts'],
  litelement: true,
  // Leave package.json alone (the analyzer would otherwise add a "customElements" field itself).
  packagejson: false,
  plugins: [
    {
      // RcElement.emit() dispatches `new CustomEvent(type, …)` with the name in a variable, which
      // the analyzer lists as an event called "type" on every element. Elements document their
      // real events with @event.
      name: 'rc-drop-emit-helper-event',
      packageLinkPhase({ customElementsManifest }) {
        for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'type');
        }
      },
    },
  ],
};
