import type { Rule } from 'antd/es/form';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue, Problem } from '../lib/validation';

/** Turns a check's issue (or a server problem) into the text the user reads. */
export function useIssueText() {
  const { t } = useTranslation();
  const issueText = useCallback(
    (issue: Issue) => t(`wizard.validation.${issue.key}`, { ...issue.params }),
    [t],
  );
  const problemText = useCallback(
    (problem: Problem) => problem.text ?? (problem.issue ? issueText(problem.issue) : ''),
    [issueText],
  );
  return { issueText, problemText };
}

/** An antd rule from a pure check, so the form checks live what `validateForm` checks. */
export function useCheckRule() {
  const { issueText } = useIssueText();
  return useCallback(
    <V,>(check: (value: V) => Issue | undefined): Rule => ({
      validator: (_rule, value: V) => {
        const issue = check(value);
        return issue ? Promise.reject(new Error(issueText(issue))) : Promise.resolve();
      },
    }),
    [issueText],
  );
}
