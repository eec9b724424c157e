// Every URL the site uses, in one place, shared with templates.
export const paths = {
  home: '/',
  search: '/search',
  map: '/map',
  activity: (id: string) => `/activities/${encodeURIComponent(id)}`,
  activityPattern: '/activities/:id',
  health: '/health',
  leaflet: '/vendor/leaflet',
  markerCluster: '/vendor/leaflet.markercluster',
  static: '/static',
};
