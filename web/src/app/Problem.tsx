// A page that says what went wrong (not found, no connection): antd's Result, whose pictures
// the sign-in page need not wait for, with a way on: a link, or a button that tries again.
import type { ReactNode } from 'react';
import { Button, Result, type ResultProps } from 'antd';
import { useTranslation } from 'react-i18next';
import Themed from './Themed';

export default function Problem({ retry, extra, ...props }: ResultProps & { retry?: () => void; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Themed>
      <Result {...props} extra={retry ? <Button onClick={retry}>{t('retry')}</Button> : extra} />
    </Themed>
  );
}
