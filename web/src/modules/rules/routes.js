// rules/routes.js — the purchase rules page inside the workbench (see
// modules/index.js for the fields of meta). The rules are public: every
// signed-in user reads them (GET /purchase-rules is signed_in); setting
// one needs purchase_rules.edit, which the page checks itself.
import { Reading } from '@element-plus/icons-vue';

export default [
  {
    path: 'purchase-rules',
    name: 'purchase-rules',
    component: () => import('./views/RulesView.vue'),
    meta: { title: 'menu.purchaseRules', icon: Reading },
  },
];
