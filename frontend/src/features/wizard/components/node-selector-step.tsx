import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNodes } from '../api/list-nodes';
import type { JobForm, KeyValue } from '../lib/form-model';
import { matchingNodes, nodeLabelSuggestions } from '../lib/node-selector';
import { KeyValueList } from './key-value-list';

/**
 * Step 6: the node selector. Keys and values are suggested from the nodes' labels when the
 * user may list nodes; otherwise (403) they are typed freely, without a word about it.
 */
export function NodeSelectorStep({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const nodes = useNodes(cluster);
  const form = Form.useFormInstance<JobForm>();
  const selector = Form.useWatch<KeyValue[] | undefined>('nodeSelector', form) ?? [];
  const items = nodes.data?.items;
  return (
    <>
      <KeyValueList
        name="nodeSelector"
        title={t('wizard.nodeSelector.title')}
        help={t('wizard.nodeSelector.help')}
        suggestions={items ? nodeLabelSuggestions(items) : {}}
      />
      {items ? (
        <Typography.Text type="secondary" role="status">
          {t('wizard.nodeSelector.matching', { count: matchingNodes(items, selector), total: items.length })}
        </Typography.Text>
      ) : null}
    </>
  );
}
