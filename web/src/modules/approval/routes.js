// approval/routes.js — the checker's inbox inside the workbench (see
// modules/index.js for the fields of meta).
import { Bell } from '@element-plus/icons-vue';

export default [
  {
    path: 'approvals',
    name: 'approvals',
    component: () => import('./views/ApprovalsView.vue'),
    meta: { title: 'menu.approvals', icon: Bell, permission: 'approval.read' },
  },
];
