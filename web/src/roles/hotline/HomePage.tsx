import { InterimHome } from '../../app/InterimHome';

export default function HomePage() {
  return <InterimHome namespace="hotline" />;
}
