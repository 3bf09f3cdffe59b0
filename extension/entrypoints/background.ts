export default defineBackground(() => {
  // The background service worker is the only part that talks to the Rapport server (issue 3).
});
