import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title and one-line description, KubeSphere style. */
export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Id of the heading, for `aria-labelledby` on the page's section. */
  id?: string;
}

export function PageHeader({ title, description, id }: PageHeaderProps) {
  return (
    <Flex vertical gap={4} style={{ marginBottom: 16 }}>
      <Typography.Title level={2} id={id} style={{ margin: 0, fontSize: 20 }}>
        {title}
      </Typography.Title>
      {description ? <Typography.Text type="secondary">{description}</Typography.Text> : null}
    </Flex>
  );
}
