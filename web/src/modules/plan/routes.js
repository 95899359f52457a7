// plan/routes.js — the pages of the annual plan module inside the workbench
// (see modules/index.js for the fields of meta).
import { Memo } from '@element-plus/icons-vue';

export default [
  {
    path: 'plans',
    name: 'plans',
    component: () => import('./views/PlansView.vue'),
    meta: { title: 'menu.plans', icon: Memo, permission: 'plan.read' },
  },
  {
    path: 'plans/:id(\\d+)',
    name: 'plan',
    component: () => import('./views/PlanDetailView.vue'),
    meta: { title: 'plans.detailTitle', menu: 'plans', permission: 'plan.read' },
  },
];
