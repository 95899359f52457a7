// home/routes.js — the pages of the home module inside the workbench (see
// modules/index.js for the fields of meta).
import { House } from '@element-plus/icons-vue';

export default [
  {
    path: '',
    name: 'home',
    component: () => import('./views/HomeView.vue'),
    meta: { title: 'menu.home', icon: House },
  },
];
