// coverage/routes.js — the pages of the coverage module inside the workbench (see
// modules/index.js for the fields of meta).
import { DataAnalysis } from '@element-plus/icons-vue';

export default [
  {
    path: 'coverage',
    name: 'coverage',
    component: () => import('./views/CoverageView.vue'),
    meta: { title: 'menu.coverage', icon: DataAnalysis, permission: 'coverage.read' },
  },
];
