// org/routes.js — the pages of the org module inside the workbench (see
// modules/index.js for the fields of meta).
import { OfficeBuilding } from '@element-plus/icons-vue';

export default [
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('./views/OrgsView.vue'),
    meta: { title: 'menu.orgs', icon: OfficeBuilding, permission: 'org.read' },
  },
  {
    path: 'orgs/:id(\\d+)',
    name: 'org',
    component: () => import('./views/OrgDetailView.vue'),
    meta: { title: 'orgs.detailTitle', menu: 'orgs', permission: 'org.read' },
  },
];
