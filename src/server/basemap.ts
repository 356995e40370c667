import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';

/** Equirectangular projection onto a WIDTH × HEIGHT box: simple, and the client can place points with the same formula. */
export const WIDTH = 960;
export const HEIGHT = 480;

export function project(lon: number, lat: number): [number, number] {
  return [((lon + 180) / 360) * WIDTH, ((90 - lat) / 180) * HEIGHT];
}

interface Basemap {
  width: number;
  height: number;
  projection: 'equirectangular';
  countries: { id: string; name: string; d: string }[];
}

let cached: Basemap | undefined;

/** Country outlines from Natural Earth (world-atlas, 1:110m, shipped offline) as SVG path data, built once. */
export function basemap(): Basemap {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const topo = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  const countries = fc.features.map((f) => ({ id: String(f.id ?? ''), name: f.properties?.name ?? '', d: pathOf(f.geometry) }));
  cached = { width: WIDTH, height: HEIGHT, projection: 'equirectangular', countries };
  return cached;
}

function pathOf(g: GeoJSON.Geometry | null): string {
  if (!g) return '';
  const rings: number[][][] = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  return rings
    .map((ring) => {
      let d = '';
      let prevLon: number | undefined;
      for (const [lon, lat] of ring as [number, number][]) {
        const [x, y] = project(lon, lat);
        // Rings crossing the antimeridian would draw a line across the map: start a new subpath there.
        const jump = prevLon !== undefined && Math.abs(lon - prevLon) > 180;
        d += `${d && !jump ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
        prevLon = lon;
      }
      return `${d}Z`;
    })
    .join('');
}
