// Local demo only (served by the bot under /demo/compose/ in Development, never in the add-in's bundle): the pane
// has no Outlook to sign it in, so every call it makes to /api/addin/* carries the roster's local sign-in header
// (X-Roster-Person, honoured only with Roster:LocalSignIn, in Development, from loopback) for the demo person the
// compose page picked (?as=<login>).
(function () {
  "use strict";
  const login = new URLSearchParams(location.search).get("as");
  if (!login) return;
  const original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith("/api/addin/")) return original(input, init);
    const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    headers.set("X-Roster-Person", login);
    return original(input, Object.assign({}, init, { headers }));
  };
})();
