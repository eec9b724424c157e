// Inside the embedded search: tells the page framing it how tall the content is, so it can show all of it
// without a scroll bar of its own. Only a number is sent; the framing page's script checks it came from here.
(function () {
  if (window.parent === window) return;
  var content = document.querySelector('.app-embed');
  if (!content) return;
  var last = 0;
  function send() {
    var height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'activity-directory:height', height: height }, '*');
  }
  send();
  window.addEventListener('load', send);
  if ('ResizeObserver' in window) new window.ResizeObserver(send).observe(content);
  else window.addEventListener('resize', send);
})();
