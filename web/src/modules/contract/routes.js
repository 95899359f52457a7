// contract/routes.js — the pages of the contract module (see
// modules/index.js for the fields of meta). A contract is drafted from a
// final award on the tender's page (起草合同), which opens the editor.
import { Tickets } from '@element-plus/icons-vue';

export default [
  {
    path: 'contracts',
    name: 'contracts',
    component: () => import('./views/ContractsView.vue'),
    meta: { title: 'menu.contracts', icon: Tickets, permission: 'contract.read' },
  },
  {
    path: 'contracts/:id(\\d+)/edit',
    name: 'contract-edit',
    component: () => import('./views/ContractEditView.vue'),
    meta: { title: 'contracts.editTitle', menu: 'contracts', permission: 'contract.edit' },
  },
  {
    path: 'contracts/:id(\\d+)',
    name: 'contract',
    component: () => import('./views/ContractDetailView.vue'),
    meta: { title: 'contracts.detailTitle', menu: 'contracts', permission: 'contract.read' },
  },
];
