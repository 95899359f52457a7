// account/routes.js — the pages of the account module inside the workbench (see
// modules/index.js for the fields of meta).
import { Setting } from '@element-plus/icons-vue';

export default [
  {
    path: 'account',
    name: 'account',
    component: () => import('./views/AccountView.vue'),
    meta: { title: 'menu.account', icon: Setting },
  },
];
