// station/routes.js — the pages of the station module inside the workbench (see
// modules/index.js for the fields of meta).
import { School } from '@element-plus/icons-vue';

export default [
  {
    path: 'stations',
    name: 'stations',
    component: () => import('./views/StationsView.vue'),
    meta: { title: 'menu.stations', icon: School, permission: 'station.read' },
  },
  {
    path: 'stations/:id(\\d+)',
    name: 'station',
    component: () => import('./views/StationDetailView.vue'),
    meta: { title: 'stations.detailTitle', menu: 'stations', permission: 'station.read' },
  },
];
