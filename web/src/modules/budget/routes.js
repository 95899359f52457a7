// budget/routes.js — the pages of the budget module inside the workbench (see
// modules/index.js for the fields of meta).
import { Wallet } from '@element-plus/icons-vue';

export default [
  {
    path: 'budgets',
    name: 'budgets',
    component: () => import('./views/BudgetsView.vue'),
    meta: { title: 'menu.budgets', icon: Wallet, permission: 'budget.read' },
  },
  {
    path: 'budgets/:id(\\d+)',
    name: 'budget',
    component: () => import('./views/BudgetDetailView.vue'),
    meta: { title: 'budgets.detailTitle', menu: 'budgets', permission: 'budget.read' },
  },
];
