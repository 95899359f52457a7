// division/routes.js — the pages of the division module inside the workbench (see
// modules/index.js for the fields of meta).
import { MapLocation } from '@element-plus/icons-vue';

export default [
  {
    path: 'divisions',
    name: 'divisions',
    component: () => import('./views/DivisionsView.vue'),
    meta: { title: 'menu.divisions', icon: MapLocation },
  },
];
