import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, type FieldError } from '@/api/client';
import { useCreateJob } from '../api/create-job';
import { clearDraft, draftKey, loadDraft, saveDraft, type Draft } from '../lib/draft';
import { locateField } from '../lib/field-paths';
import { emptyForm, STEPS, syncAppLabel, type JobForm } from '../lib/form-model';
import { baseManifest, formToManifest, isObj, manifestToForm, type Obj } from '../lib/manifest';
import { validateForm, validateStep, type Problem } from '../lib/validation';
import { manifestToYaml, parseManifestYaml } from '../lib/yaml';
import { useIssueText } from './use-issue-text';

export type WizardMode = 'form' | 'yaml';

/** What the wizard shows above the step or editor after a failed create. */
export interface CreateFailure {
  /** The error when it is not a validation error (or the 422 itself). */
  error: ApiError;
  /** Field problems no form field shows (form mode), or every problem (YAML mode). */
  fields: readonly FieldError[];
}

function initialDraft(key: string): Draft {
  return loadDraft(key) ?? { base: baseManifest(), form: emptyForm(), yaml: null, step: 'basic', visited: 0 };
}

/**
 * The wizard's state and actions: the current step, the steps visited, the form/YAML mode,
 * the manifest the form is written onto, the draft in sessionStorage and the create flow
 * (dry run, then create). The antd form holds the form values; nothing is kept twice.
 */
export function useJobWizard(form: FormInstance<JobForm>, cluster: string, project: string) {
  // Field paths come from checks and server answers, so they are untyped names here.
  const fields = form as FormInstance;
  const key = draftKey(cluster, project);
  const navigate = useNavigate();
  const create = useCreateJob();
  const { problemText } = useIssueText();
  const [initial] = useState(() => initialDraft(key));
  const [stepIndex, setStepIndex] = useState(() => Math.max(0, STEPS.indexOf(initial.step)));
  const [visited, setVisited] = useState(initial.visited);
  const [mode, setMode] = useState<WizardMode>(initial.yaml === null ? 'form' : 'yaml');
  const [yaml, setYaml] = useState(initial.yaml ?? '');
  const [yamlError, setYamlError] = useState<{ message: string; line?: number } | null>(null);
  const [base, setBase] = useState<Obj>(initial.base);
  const [failure, setFailure] = useState<CreateFailure | null>(null);
  const pending = useRef<Problem[]>([]);
  const [problemsShown, setProblemsShown] = useState(0);
  const lastName = useRef(initial.form.name);

  const values = useCallback((): JobForm => form.getFieldsValue(true) as JobForm, [form]);

  const persist = useCallback(() => {
    saveDraft(key, { base, form: values(), yaml: mode === 'yaml' ? yaml : null, step: STEPS[stepIndex] ?? 'basic', visited });
  }, [key, base, values, mode, yaml, stepIndex, visited]);

  useEffect(persist, [persist]);

  // Errors for fields of another step are set once that step's fields are mounted.
  useEffect(() => {
    if (pending.current.length === 0) return;
    fields.setFields(pending.current.flatMap((p) => (p.name ? [{ name: p.name, errors: [problemText(p)] }] : [])));
    pending.current = [];
  }, [problemsShown, stepIndex, fields, problemText]);

  const showProblems = useCallback((problems: Problem[]) => {
    const first = problems[0];
    if (!first) return;
    const index = STEPS.indexOf(first.step);
    setStepIndex(index);
    setVisited((v) => Math.max(v, index));
    pending.current = problems.filter((p) => p.step === first.step);
    setProblemsShown((n) => n + 1);
  }, []);

  const onValuesChange = useCallback(
    (changed: Partial<JobForm>) => {
      if (typeof changed.name === 'string') {
        const all = values();
        form.setFieldsValue({
          labels: syncAppLabel(all.labels ?? [], lastName.current, changed.name),
          podLabels: syncAppLabel(all.podLabels ?? [], lastName.current, changed.name),
        });
        lastName.current = changed.name;
      }
      persist();
    },
    [form, values, persist],
  );

  const goTo = (index: number) => {
    if (index <= visited) setStepIndex(index);
  };

  const next = () => {
    const problems = validateStep(values(), STEPS[stepIndex] ?? 'basic');
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    const index = Math.min(stepIndex + 1, STEPS.length - 1);
    setStepIndex(index);
    setVisited((v) => Math.max(v, index));
  };

  const previous = () => setStepIndex((i) => Math.max(0, i - 1));

  const setFormFromManifest = (manifest: Obj) => {
    const model = manifestToForm(manifest);
    const names = new Set([...Object.keys(emptyForm()), ...Object.keys(model), 'alias', 'description']);
    fields.setFields([...names].map((name) => ({ name, value: model[name as keyof JobForm], errors: [] })));
    lastName.current = model.name;
  };

  const enterYaml = () => {
    setYaml(manifestToYaml(formToManifest(values(), base)));
    setYamlError(null);
    setFailure(null);
    setMode('yaml');
  };

  /** Back to the form: the YAML becomes the manifest; a parse error keeps the user in YAML. */
  const leaveYaml = (): boolean => {
    const parsed = parseManifestYaml(yaml);
    if (!parsed.ok) {
      setYamlError({ message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}) });
      return false;
    }
    setBase(parsed.manifest);
    setFormFromManifest(parsed.manifest);
    setYamlError(null);
    setFailure(null);
    setMode('form');
    return true;
  };

  const changeYaml = (text: string) => {
    setYaml(text);
    setYamlError(null);
  };

  const reportFailure = (error: unknown, model: JobForm | null) => {
    const apiError = error instanceof ApiError ? error : ApiError.fromNetworkFailure(error);
    if (model === null || apiError.fields.length === 0) {
      setFailure({ error: apiError, fields: apiError.fields });
      return;
    }
    const located: Problem[] = [];
    const unplaced: FieldError[] = [];
    for (const field of apiError.fields) {
      const where = locateField(field.field, model);
      if (where?.name) located.push({ step: where.step, name: where.name, text: field.message });
      else unplaced.push(field);
    }
    located.sort((a, b) => STEPS.indexOf(a.step) - STEPS.indexOf(b.step));
    setFailure({ error: apiError, fields: unplaced });
    showProblems(located);
  };

  const submit = async () => {
    setFailure(null);
    let manifest: Obj;
    let model: JobForm | null = null;
    if (mode === 'yaml') {
      const parsed = parseManifestYaml(yaml);
      if (!parsed.ok) {
        setYamlError({ message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}) });
        return;
      }
      manifest = parsed.manifest;
    } else {
      model = values();
      const problems = validateForm(model);
      if (problems.length > 0) {
        showProblems(problems);
        return;
      }
      manifest = formToManifest(model, base);
    }
    try {
      const created = await create.mutateAsync({ cluster, project, manifest });
      const metadata = isObj(created) && isObj(created.metadata) ? created.metadata : isObj(manifest.metadata) ? manifest.metadata : {};
      clearDraft(key);
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      void navigate(`/clusters/${cluster}/projects/${project}/jobs/${encodeURIComponent(name)}`);
    } catch (error) {
      reportFailure(error, model);
    }
  };

  const cancel = () => {
    clearDraft(key);
    void navigate(`/clusters/${cluster}/projects/${project}/jobs`);
  };

  return {
    initialForm: initial.form,
    step: STEPS[stepIndex] ?? 'basic',
    stepIndex,
    visited,
    mode,
    yaml,
    yamlError,
    failure,
    creating: create.isPending,
    onValuesChange,
    goTo,
    next,
    previous,
    enterYaml,
    leaveYaml,
    changeYaml,
    submit,
    cancel,
  };
}
