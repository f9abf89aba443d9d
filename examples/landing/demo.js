// Demo only: shows the live context and points the "other domain" link at the same port.
// The pre-load stub, then the leadtrail:context event; lt.js is async and may already have run (and fired
// its first event) before this script, so the current context is also read directly when available.
window.leadtrail =
  window.leadtrail ||
  function () {
    (leadtrail.q = leadtrail.q || []).push(arguments);
  };
var other = document.getElementById('other');
if (other) {
  var u = new URL(other.href);
  u.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  u.port = location.port;
  other.href = u.href;
}
function show(ctx) {
  // textContent, never innerHTML: the context holds URL values.
  if (ctx) document.getElementById('ctx').textContent = JSON.stringify(ctx, null, 2);
}
addEventListener('leadtrail:context', function (e) {
  show(e.detail);
});
if (leadtrail.context) show(leadtrail.context());
