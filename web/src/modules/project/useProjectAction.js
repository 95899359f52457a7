// useProjectAction.js — taking an action on a project from any page (its
// detail, the 待办 list): return and cancel ask the reason (ReasonDialog),
// the others a confirmation; the answer is the project after the action.
// The server decides whether the action is allowed (the detail's
// `actions` says which are offered); its refusal is thrown for the page's
// ErrorAlert.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
// The confirmation box is called as a function, which the component
// resolver does not see: its style comes in here.
import 'element-plus/es/components/message-box/style/css';
import { actOnProject } from './api.js';
import { formatMoney } from '../../format.js';

const NEEDS_REASON = new Set(['return', 'cancel']);

/**
 * Returns `reasonDialog` (bind as the ref of a ReasonDialog on the page),
 * `acting` (the action under way, or '') and run(project, action) →
 * the updated project, or null when the person stepped back.
 */
export function useProjectAction() {
  const { t } = useI18n();
  const reasonDialog = ref(null);
  const acting = ref('');

  async function run(project, action) {
    const name = t(`projects.action.${action}`);
    let reason;
    if (NEEDS_REASON.has(action)) {
      reason = await reasonDialog.value.ask(
        t('projects.reasonTitle', { action: name, name: project.name }),
      );
      if (reason === null) return null;
    } else {
      const text =
        action === 'approve' && typeof project.amount === 'number'
          ? t('projects.approveText', { name: project.name, amount: formatMoney(project.amount) })
          : t('projects.confirmText', { name: project.name, action: name });
      try {
        await ElMessageBox.confirm(text, name, {
          confirmButtonText: name,
          cancelButtonText: t('common.cancel'),
          type: action === 'approve' || action === 'submit' ? 'info' : 'warning',
        });
      } catch {
        return null; // stepped back
      }
    }
    acting.value = action;
    try {
      const updated = await actOnProject(project.id, action, reason);
      ElMessage.success(t('projects.done', { name: project.name, action: name }));
      return updated;
    } finally {
      acting.value = '';
    }
  }

  return { reasonDialog, acting, run };
}
