// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring a page's error summary into view and to the screen reader first.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
