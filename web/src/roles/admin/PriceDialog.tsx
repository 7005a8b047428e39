// A new guide price for an item: in yuan (sent as fen), from now or a later instant, and why.
import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../app/page-parts';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField } from '../../app/form-refusal';
import { formatYuan, parseYuan } from '../../app/format';
import { SET_PRICE, type CatalogItem } from './operations';

interface Values {
  price: string;
  effectiveFrom?: Dayjs | null;
  reason: string;
}

export function PriceDialog({ item, onClose }: { item: CatalogItem | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const name = useLocalName();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [state, setPrice] = useMutation(SET_PRICE);
  const [error, setError] = useState<string | null>(null);
  const label = item ? name(item) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dialog opened for another item drops the last one's error
  useEffect(() => setError(null), [item]);

  const onFinish = async (v: Values) => {
    if (!item) return;
    const priceFen = parseYuan(v.price)!;
    const result = await setPrice({
      input: { serviceItemId: item.id, priceFen, effectiveFrom: v.effectiveFrom ? v.effectiveFrom.toISOString() : null, reason: v.reason.trim() },
    });
    if (result.error && showRefusalAtField(form, result.error, { priceFen: 'price' })) return setError(null);
    if (result.error) return setError(errorMessage(result.error));
    void message.success(t('catalog.priceSaved', { item: label, price: formatYuan(priceFen) }));
    onClose();
  };

  return (
    <Modal
      title={t('catalog.priceTitle', { item: label })}
      open={item !== null}
      onCancel={onClose}
      okText={t('catalog.submit')}
      cancelText={t('catalog.cancel')}
      okButtonProps={{ loading: state.fetching }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {item && <Typography.Paragraph>{t('catalog.currentPrice', { price: formatYuan(item.price) })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} preserve={false}>
        <Form.Item
          name="price"
          label={t('catalog.newPrice')}
          rules={[
            {
              validator: (_r, value: string | undefined) => {
                const fen = parseYuan(value ?? '');
                return fen !== null && fen > 0 ? Promise.resolve() : Promise.reject(new Error(t('catalog.priceInvalid')));
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('catalog.effectiveFrom')} extra={t('catalog.effectiveHelp')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('catalog.reason')} rules={[{ required: true, whitespace: true, message: t('catalog.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
