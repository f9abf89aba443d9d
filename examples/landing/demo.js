// Demo only: shows the live context and points the "other domain" link at the same port.
// Uses the documented pre-load stub, then the leadtrail:context event.
window.leadtrail = window.leadtrail || function () { (leadtrail.q = leadtrail.q || []).push(arguments) }
var other = document.getElementById('other')
if (other) {
  var u = new URL(other.href)
  u.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
  u.port = location.port
  other.href = u.href
}
addEventListener('leadtrail:context', function (e) {
  document.getElementById('ctx').textContent = JSON.stringify(e.detail, null, 2)
})
