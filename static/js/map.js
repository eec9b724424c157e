// Enhances a list page with a Leaflet map of the same results. Without it (or without tiles) the list is complete.
// Keyboard: a marker's popup link is the next thing Tab reaches, Escape closes the popup and returns to the marker,
// and a cluster says how many activities it holds.
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

  // A cluster is a button named by what it holds, not only by a number.
  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
    var name = count + (count === 1 ? ' activity' : ' activities') + ' near here, zoom in';
    return L.divIcon({
      // Only a number goes into this markup.
      html:
        '<div><span aria-hidden="true">' +
        count +
        '</span><span class="govuk-visually-hidden">' +
        name +
        '</span></div>',
      className: 'marker-cluster marker-cluster-' + size,
      iconSize: L.point(40, 40),
    });
  }

  var group =
    typeof L.markerClusterGroup === 'function'
      ? L.markerClusterGroup({ iconCreateFunction: clusterIcon })
      : L.featureGroup();
  var open = null;

  function focusables(container) {
    return Array.prototype.slice.call(container.querySelectorAll('a[href], button'));
  }

  /** The marker or cluster after this one in the order Tab visits them. */
  function nextMarker(icon) {
    var all = Array.prototype.slice.call(element.querySelectorAll('.leaflet-marker-icon[tabindex]'));
    return all[all.indexOf(icon) + 1] || null;
  }

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
    marker.on('popupopen', function () {
      open = marker;
    });
    marker.on('popupclose', function () {
      if (open === marker) open = null;
    });
    marker.on('add', function () {
      marker.getElement().addEventListener('keydown', function (event) {
        // Tab from a marker whose popup is open goes into the popup, not on to every other marker first.
        if (event.key !== 'Tab' || event.shiftKey || open !== marker) return;
        var inside = focusables(marker.getPopup().getElement());
        if (!inside.length) return;
        event.preventDefault();
        inside[0].focus();
      });
    });
    popup.addEventListener('keydown', function (event) {
      if (event.key !== 'Tab' || open !== marker) return;
      var inside = focusables(marker.getPopup().getElement());
      var icon = marker.getElement();
      if (event.shiftKey && document.activeElement === inside[0]) {
        event.preventDefault();
        icon.focus();
      } else if (!event.shiftKey && document.activeElement === inside[inside.length - 1]) {
        var next = nextMarker(icon);
        if (!next) return;
        event.preventDefault();
        map.closePopup();
        next.focus();
      }
    });
    group.addLayer(marker);
  });
  group.addTo(map);

  // Escape closes the open popup wherever focus is in the map, and puts focus back on its marker.
  element.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !open) return;
    var marker = open;
    map.closePopup();
    if (marker.getElement()) marker.getElement().focus();
  });

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
