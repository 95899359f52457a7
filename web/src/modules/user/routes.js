// user/routes.js — the pages of the user module inside the workbench (see
// modules/index.js for the fields of meta).
import { User } from '@element-plus/icons-vue';

export default [
  {
    path: 'users',
    name: 'users',
    component: () => import('./views/UsersView.vue'),
    meta: { title: 'menu.users', icon: User, permission: 'account.read' },
  },
];
