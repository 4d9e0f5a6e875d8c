export default {
  globs: ['src/elements/**/*.component.ts', 'src/elements/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/*harness*.ts'],
  litelement: true,
  // Leave package.json alone (the analyzer would otherwise add a "customElements" field itself).
  packagejson: false,
};
