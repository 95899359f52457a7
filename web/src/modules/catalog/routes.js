// catalog/routes.js — the pages of the catalog module inside the workbench (see
// modules/index.js for the fields of meta).
import { Notebook } from '@element-plus/icons-vue';

export default [
  {
    path: 'catalog',
    name: 'catalog',
    component: () => import('./views/CatalogView.vue'),
    meta: { title: 'menu.catalog', icon: Notebook },
  },
];
