// eligibility/routes.js — the pages of the eligibility module inside the workbench (see
// modules/index.js for the fields of meta).
import { Finished } from '@element-plus/icons-vue';

export default [
  {
    path: 'eligibility-rules',
    name: 'eligibilityRules',
    component: () => import('./views/EligibilityRulesView.vue'),
    meta: { title: 'menu.eligibilityRules', icon: Finished, permission: 'eligibility.edit' },
  },
];
