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
    {
      // The analyzer lists modules in the order its file reads finish, which varies from run to
      // run: sorted by path, the manifest (and what is generated from it) is the same each time.
      name: 'rc-sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
