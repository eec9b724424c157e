// Draws the gap report on a Leaflet map: one circle per postcode district, sized by searches that found
// nothing. The table on the page has every figure, so the page is complete without this.
(function () {
  'use strict';
  var element = document.getElementById('gap-map');
  if (!element || typeof L === 'undefined') return;
  var gaps = [];
  try {
    gaps = JSON.parse(element.getAttribute('data-gaps') || '[]');
  } catch {
    return;
  }
  if (!gaps.length) return;
  element.innerHTML = '';
  element.classList.add('map--ready');
  var map = L.map(element, { scrollWheelZoom: false });
  var tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 18,
    attribution: '&copy; OpenStreetMap contributors',
  });
  tiles.on('tileerror', function () {
    element.classList.add('map--no-tiles');
  });
  tiles.addTo(map);
  var most = gaps.reduce(function (max, g) {
    return Math.max(max, g.count);
  }, 1);
  var group = L.featureGroup();
  gaps.forEach(function (g) {
    // Area, not radius, in proportion to the count, so a district with four times the gaps looks four times bigger.
    var circle = L.circleMarker([g.lat, g.lng], {
      radius: 6 + 24 * Math.sqrt(g.count / most),
      color: '#a8201a',
      weight: 2,
      fillOpacity: 0.35,
    });
    var popup = document.createElement('div');
    var title = document.createElement('strong');
    title.textContent = g.outcode + ': ' + g.count + (g.count === 1 ? ' search' : ' searches');
    popup.appendChild(title);
    var list = document.createElement('ul');
    g.needs.forEach(function (line) {
      var item = document.createElement('li');
      item.textContent = line;
      list.appendChild(item);
    });
    popup.appendChild(list);
    circle.bindPopup(popup);
    circle.addTo(group);
  });
  group.addTo(map);
  map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 12 });
})();
