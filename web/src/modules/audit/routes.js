// audit/routes.js — the pages of the audit module inside the workbench (see
// modules/index.js for the fields of meta).
import { Document } from '@element-plus/icons-vue';

export default [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('./views/AuditView.vue'),
    meta: { title: 'menu.audit', icon: Document, permission: 'audit.read' },
  },
];
