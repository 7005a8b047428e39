// Xiajiang county (峡江县, Jiangxi): 1 county centre, 11 townships, 96 villages (seed 002).
// Township names are the county's; village names are generated (deterministically) and the
// coordinates approximate: close enough for nearest-carer matching and maps, not surveying.

export interface RegionSeed {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  children?: RegionSeed[];
}

const townships: [name: string, lat: number, lng: number, villages: number][] = [
  ['水边镇', 27.582, 115.317, 12],
  ['巴邱镇', 27.621, 115.154, 10],
  ['仁和镇', 27.545, 115.265, 9],
  ['砚溪镇', 27.503, 115.351, 9],
  ['罗田镇', 27.673, 115.372, 9],
  ['马埠镇', 27.642, 115.245, 8],
  ['桐林乡', 27.452, 115.208, 8],
  ['福民乡', 27.707, 115.297, 8],
  ['戈坪乡', 27.474, 115.431, 8],
  ['金江乡', 27.738, 115.201, 8],
  ['金坪民族乡', 27.529, 115.118, 7],
];

const first = ['东', '西', '南', '北', '上', '下', '新', '石', '枫', '桥', '沙', '坪', '塘', '岭', '湖', '林', '田', '山', '溪', '江'];
const second = ['坑', '头', '口', '背', '村', '坊', '湾', '源', '洲', '塘', '边', '岗', '陂', '圳'];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function villagesOf(townshipIndex: number, count: number, lat: number, lng: number): RegionSeed[] {
  const random = seededRandom(1000 + townshipIndex);
  const used = new Set<string>();
  const out: RegionSeed[] = [];
  while (out.length < count) {
    const name = `${first[Math.floor(random() * first.length)]}${second[Math.floor(random() * second.length)]}村`;
    if (used.has(name)) continue;
    used.add(name);
    out.push({
      code: `3608231${String(townshipIndex + 1).padStart(2, '0')}${String(out.length + 1).padStart(3, '0')}`,
      name,
      // within about 6 km of the township seat
      latitude: Math.round((lat + (random() - 0.5) * 0.1) * 1e6) / 1e6,
      longitude: Math.round((lng + (random() - 0.5) * 0.1) * 1e6) / 1e6,
    });
  }
  return out;
}

export const xiajiang: RegionSeed = {
  code: '360823',
  name: '峡江县',
  latitude: 27.582,
  longitude: 115.317,
  children: townships.map(([name, lat, lng, villages], i) => ({
    code: `3608231${String(i + 1).padStart(2, '0')}`,
    name,
    latitude: lat,
    longitude: lng,
    children: villagesOf(i, villages, lat, lng),
  })),
};
