// tender/routes.js — the pages of the procurement module (see
// modules/index.js for the fields of meta). The editor serves both a new
// tender (?project=<id>) and the change of a draft. The objection form is
// public: anyone may object to an award in notice without an account
// (router.js puts publicRoutes outside the workbench).
import { Stamp } from '@element-plus/icons-vue';

const editor = () => import('./views/TenderEditView.vue');

export default [
  {
    path: 'tenders',
    name: 'tenders',
    component: () => import('./views/TendersView.vue'),
    meta: { title: 'menu.tenders', icon: Stamp, permission: 'tender.read' },
  },
  {
    path: 'tenders/new',
    name: 'tender-new',
    component: editor,
    meta: { title: 'tenders.newTitle', menu: 'tenders', permission: 'tender.edit' },
  },
  {
    path: 'tenders/:id(\\d+)/edit',
    name: 'tender-edit',
    component: editor,
    meta: { title: 'tenders.editTitle', menu: 'tenders', permission: 'tender.edit' },
  },
  {
    path: 'tenders/:id(\\d+)',
    name: 'tender',
    component: () => import('./views/TenderDetailView.vue'),
    meta: { title: 'tenders.detailTitle', menu: 'tenders', permission: 'tender.read' },
  },
];

export const publicRoutes = [
  {
    path: '/public/objection',
    name: 'public-objection',
    component: () => import('./views/PublicObjectionView.vue'),
    meta: { title: 'objection.publicTitle', public: true },
  },
];
