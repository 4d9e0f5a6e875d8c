// Loaded before every test file: an unhandled promise rejection anywhere on the page is
// rethrown as an uncaught error, which mocha reports as a failure of the running test.
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason instanceof Error ? `${event.reason.name}: ${event.reason.message}` : String(event.reason);
  setTimeout(() => {
    throw new Error(`Unhandled promise rejection: ${reason}`);
  });
});
