// Warns before the login ends, and offers to extend it (issue #17; WCAG 2.2.1 Timing
// Adjustable). Loaded by every page of a login (templates/base.html), which gives the seconds
// left (data-seconds-left), how long before the end to warn (data-warning) and where to ask
// (data-url: accounts/views/session.py). Without it the page works the same, and the login ends
// the time the footer states after the last request.
//
// The end moves with every request of the login (accounts/session_end.py), which another tab may
// make: before the dialog opens, and before it logs out, the script asks the server again (a GET
// that moves nothing). The dialog's 「ログインを延長する」 (and Escape) POSTs to extend it; its
// 「ログアウト」, and the end reached unanswered, press the header's ログアウト, which on a wizard
// step posts the step's form and so keeps what was typed.

const { secondsLeft, warning, url } = document.currentScript.dataset;
const dialog = document.getElementById("session-end");
const logoutButton = document.querySelector("#language-switch [name=logout]");
// The page's own token: the header form's, or a wizard step's.
const csrfToken = document.querySelector("[name=csrfmiddlewaretoken]")?.value;
// Logged out this long before the end, so that the step's form still reaches a login.
const LOGOUT_MARGIN = 10;

// When the login ends, by this browser's clock (the server's seconds counted from now).
let endsAt = Date.now() + secondsLeft * 1000;
let timer;
let focusBefore;

const secondsToEnd = () => (endsAt - Date.now()) / 1000;
const wait = (seconds, then) => {
  clearTimeout(timer);
  timer = setTimeout(then, Math.max(0, seconds * 1000));
};

// The server's seconds left; null when it could not be asked (then the last answer stands).
const ask = async (method) => {
  try {
    const response = await fetch(url, { method, headers: { "X-CSRFToken": csrfToken } });
    const answer = await response.json();
    return answer.seconds_left;
  } catch {
    return null;
  }
};

const open = () => {
  if (dialog.open) return;
  focusBefore = document.activeElement;
  // Modal: the focus moves to its first button, and the page behind is out of reach.
  dialog.showModal();
};
const close = () => {
  if (!dialog.open) return;
  dialog.close();
  focusBefore?.focus();
};
const logOut = (value) => {
  close();
  clearTimeout(timer);
  logoutButton.value = value;
  logoutButton.click();
};

// Asks the server, then waits until the moment to warn, keeps the dialog open until the moment
// to log out, or logs out.
const check = async () => {
  const seconds = await ask("GET");
  if (seconds !== null) endsAt = Date.now() + seconds * 1000;
  const left = secondsToEnd();
  if (left > Number(warning) + LOGOUT_MARGIN) {
    close();
    wait(left - warning, check);
  } else if (left > LOGOUT_MARGIN) {
    open();
    wait(left - LOGOUT_MARGIN, check);
  } else {
    logOut("ended");
  }
};

const extend = async () => {
  const seconds = await ask("POST");
  if (seconds === 0) return logOut("ended");
  if (seconds !== null) endsAt = Date.now() + seconds * 1000;
  close();
  wait(secondsToEnd() - warning, check);
};

dialog.querySelector("[data-extend]").onclick = extend;
dialog.querySelector("[data-logout]").onclick = () => logOut("1");
// Escape closes the dialog as 「ログインを延長する」 does: the person is there.
dialog.oncancel = (event) => {
  event.preventDefault();
  extend();
};
// A phone asleep runs no timers: ask again when the page is shown.
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) check();
});
wait(secondsToEnd() - warning, check);
