// project/routes.js — the pages of the project module inside the workbench (see
// modules/index.js for the fields of meta). The wizard serves both a new
// project and the change of a draft.
import { Tickets } from '@element-plus/icons-vue';

const wizard = () => import('./views/ProjectWizardView.vue');

export default [
  {
    path: 'projects',
    name: 'projects',
    component: () => import('./views/ProjectsView.vue'),
    meta: { title: 'menu.projects', icon: Tickets, permission: 'project.read' },
  },
  {
    path: 'projects/new',
    name: 'project-new',
    component: wizard,
    meta: { title: 'projects.newTitle', menu: 'projects', permission: 'project.edit' },
  },
  {
    path: 'projects/:id(\\d+)/edit',
    name: 'project-edit',
    component: wizard,
    meta: { title: 'projects.editTitle', menu: 'projects', permission: 'project.edit' },
  },
  {
    path: 'projects/:id(\\d+)',
    name: 'project',
    component: () => import('./views/ProjectDetailView.vue'),
    meta: { title: 'projects.detailTitle', menu: 'projects', permission: 'project.read' },
  },
];
