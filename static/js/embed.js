// The Community Activity Directory's search on another site's page. Include it with
//   <div data-activity-directory data-where="BS5"></div>
//   <script src="https://<the directory>/embed.js" async></script>
// Each such element gets the search in a frame (data-q, data-where, data-radius, data-fixed, data-accent and
// data-compact are passed on), grown to fit its content. No cookies, no other scripts.
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var OPTIONS = ['q', 'where', 'radius', 'fixed', 'accent', 'compact'];
  var frames = [];

  function embed(box) {
    if (box.getAttribute('data-activity-directory-ready')) return;
    box.setAttribute('data-activity-directory-ready', 'true');
    var params = new URLSearchParams();
    OPTIONS.forEach(function (name) {
      var value = box.getAttribute('data-' + name);
      if (value) params.set(name, value);
    });
    var frame = document.createElement('iframe');
    var query = params.toString();
    frame.src = origin + '/embed' + (query ? '?' + query : '');
    frame.title = box.getAttribute('data-title') || 'Search for local activities';
    frame.style.width = '100%';
    frame.style.height = '500px';
    frame.style.border = '0';
    frame.style.display = 'block';
    // The link inside the element is for visitors without JavaScript; the frame takes its place.
    box.textContent = '';
    box.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== 'activity-directory:height' || typeof data.height !== 'number') return;
    var height = Math.max(100, Math.min(Math.round(data.height), 20000));
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = height + 'px';
    });
  });

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-activity-directory]'), embed);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
