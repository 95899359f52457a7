// volunteer/routes.js — the pages of the volunteer module inside the
// workbench (see modules/index.js for the fields of meta).
import { Avatar } from '@element-plus/icons-vue';

export default [
  {
    path: 'volunteers',
    name: 'volunteers',
    component: () => import('./views/VolunteersView.vue'),
    meta: { title: 'menu.volunteers', icon: Avatar, permission: 'volunteer.read' },
  },
  {
    path: 'volunteers/:id(\\d+)',
    name: 'volunteer',
    component: () => import('./views/VolunteerDetailView.vue'),
    meta: { title: 'volunteers.detailTitle', menu: 'volunteers', permission: 'volunteer.read' },
  },
];
