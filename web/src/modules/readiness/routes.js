// readiness/routes.js — the pages of the readiness module inside the workbench (see
// modules/index.js for the fields of meta).
import { Checked } from '@element-plus/icons-vue';

export default [
  {
    path: 'readiness-items',
    name: 'readinessItems',
    component: () => import('./views/ReadinessItemsView.vue'),
    meta: { title: 'menu.readinessItems', icon: Checked, permission: 'settings.edit' },
  },
];
