import { ServiceCardPrint } from './registry/ServiceCardPrint';

export default function ServiceCardPage() {
  return <ServiceCardPrint backTo={(id) => `/admin-console/recipients/${id}`} />;
}
