import { cleanImages, imageStatistics, minimumSetSize, quantile } from "../../../src/compute/instrument/cleaning";

describe("virtual-experiment cleaning (the paper's rules)", () => {
  it("quantiles interpolate linearly between order statistics, as numpy's default", () => {
    // numpy.quantile([5, 1, 4, 2, 3], [0, 0.02, 0.5, 0.99, 1]) = [1, 1.08, 3, 4.96, 5]
    const v = [5, 1, 4, 2, 3];
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 0.02)).toBeCloseTo(1.08, 12);
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 0.99)).toBeCloseTo(4.96, 12);
    expect(quantile(v, 1)).toBe(5);
  });

  it("image statistics: total, population standard deviation, largest pixel", () => {
    const s = imageStatistics(Float64Array.from([0, 2, 4, 6]));
    expect(s.total).toBe(12);
    expect(s.standardDeviation).toBeCloseTo(Math.sqrt(5), 12);
    expect(s.peak).toBe(6);
  });

  it("drops empty images, the lowest 2 % in spread and the highest 1 % in peak", () => {
    // 100 images with spreads 1..100 and peaks 10..1000; two empty ones besides.
    const stats = Array.from({ length: 100 }, (_, i) => ({ total: 100, standardDeviation: i + 1, peak: 10 * (i + 1) }));
    stats.push({ total: 0, standardDeviation: 0, peak: 0 }, { total: 0, standardDeviation: 0, peak: 0 });
    const r = cleanImages(stats);
    // 2 % quantile of 1..100 is 2.98: spreads 1 and 2 go; 99 % quantile of peaks is 990.1: peak 1000 goes.
    expect(r.minStandardDeviation).toBeCloseTo(2.98, 12);
    expect(r.maxPeak).toBeCloseTo(990.1, 12);
    expect(r.empty).toBe(2);
    expect(r.lowStatistics).toBe(2);
    expect(r.saturated).toBe(1);
    expect(r.kept).toBe(97);
    expect(r.verdicts[0]).toBe("low-statistics");
    expect(r.verdicts[99]).toBe("saturated");
    expect(r.verdicts[100]).toBe("empty");
  });

  it("small sets keep every non-empty image: the quantile rules need 50 and 100 images", () => {
    expect(minimumSetSize(0.02, "low")).toBe(50);
    expect(minimumSetSize(0.99, "high")).toBe(100);
    const two = cleanImages([
      { total: 5, standardDeviation: 1, peak: 3 },
      { total: 9, standardDeviation: 2, peak: 7 },
    ]);
    expect(two.kept).toBe(2);
    expect(two.minStandardDeviation).toBeNull();
    // 60 images: the 2 % rule applies (the lowest spread goes), the 99 % rule does not yet.
    const sixty = cleanImages(Array.from({ length: 60 }, (_, i) => ({ total: 1, standardDeviation: i + 1, peak: i + 1 })));
    expect([sixty.lowStatistics, sixty.saturated, sixty.kept]).toEqual([2, 0, 58]);
  });

  it("a set of one image keeps it; a set of empty images reports no thresholds", () => {
    expect(cleanImages([{ total: 5, standardDeviation: 1, peak: 3 }]).kept).toBe(1);
    const none = cleanImages([{ total: 0, standardDeviation: 0, peak: 0 }]);
    expect(none.empty).toBe(1);
    expect(none.minStandardDeviation).toBeNull();
  });
});
