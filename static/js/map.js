// Enhances a list page with a Leaflet map of the same results. Without it (or without tiles) the list is complete.
(function () {
  'use strict';
  var element = document.getElementById('map');
  if (!element || typeof L === 'undefined') return;
  var markers = [];
  try {
    markers = JSON.parse(element.getAttribute('data-markers') || '[]');
  } catch {
    return;
  }
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

  var group = typeof L.markerClusterGroup === 'function' ? L.markerClusterGroup() : L.featureGroup();
  markers.forEach(function (m) {
    var marker = L.marker([m.lat, m.lng], { title: m.name, alt: m.name, keyboard: true });
    var popup = document.createElement('div');
    if (m.href) {
      var link = document.createElement('a');
      link.href = m.href;
      link.textContent = m.name;
      popup.appendChild(link);
    } else {
      popup.textContent = m.name;
    }
    if (m.where) {
      var where = document.createElement('div');
      where.textContent = m.where;
      popup.appendChild(where);
    }
    marker.bindPopup(popup);
    group.addLayer(marker);
  });
  group.addTo(map);

  var lat = parseFloat(element.getAttribute('data-centre-lat'));
  var lng = parseFloat(element.getAttribute('data-centre-lng'));
  if (markers.length > 0) {
    map.fitBounds(
      L.latLngBounds(
        markers.map(function (m) {
          return [m.lat, m.lng];
        }),
      ).pad(0.15),
      { maxZoom: 15 },
    );
  } else if (!isNaN(lat) && !isNaN(lng)) {
    map.setView([lat, lng], 13);
  } else {
    map.setView([53.5, -2.0], 6);
  }
})();
