"""A straightforward pandas implementation of the air pipeline, the reference of `ecoprov-bench air`.

From the stations CSV and the hourly CSV (hour-ending local time) to the annual city statistics of HJ 663 under
the 2012 rules: flagged hours dropped, the last row of a repeated station-hour kept, daily means with >= 20 hours,
O3 MDA8 over the windows ending 08:00-24:00 (>= 6 hours each, >= 14 windows or above 160), city values as the mean of
the national stations, the daily AQI of HJ 633-2012, good days, heavy days, annual means, percentiles, the
comprehensive index. Rounding half to even (numpy) as GB/T 8170. Prints one line per city and the time taken.
Usage: python3 air_pandas.py STATIONS.csv HOURLY.csv
"""
import sys
import time

import numpy as np
import pandas as pd

BP = {  # HJ 633-2012 Table 1 (daily columns; O3 1 h and 8 h)
    "SO2": [0, 50, 150, 475, 800, 1600, 2100, 2620], "NO2": [0, 40, 80, 180, 280, 565, 750, 940],
    "PM10": [0, 50, 150, 250, 350, 420, 500, 600], "CO": [0, 2, 4, 14, 24, 36, 48, 60],
    "PM2_5": [0, 35, 75, 115, 150, 250, 350, 500], "O3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "O3_8h": [0, 100, 160, 215, 265, 800],
}
STEPS = [0, 50, 100, 150, 200, 300, 400, 500]


def iaqi(values, name):
    bp = BP[name]
    out = np.ceil(np.interp(values, bp, STEPS[: len(bp)]) - 1e-9)
    if name == "O3_8h":
        out[values > 800] = np.nan
    return out


def main(stations_path, hourly_path):
    t0 = time.time()
    st = pd.read_csv(stations_path, dtype={"region": str})
    st["city"] = st["region"].str[:4] + "00"
    national = st[st["class"] == "national"]
    df = pd.read_csv(hourly_path, dtype={"flag": str})
    df = df[df["flag"].isna() | (df["flag"] == "N")]
    for col in ["SO2", "NO2", "PM10", "CO", "O3", "PM2_5"]:
        df.loc[df[col] < 0, col] = np.nan
    df = df.drop_duplicates(["station", "time"], keep="last")
    ts = pd.to_datetime(df["time"]) - pd.Timedelta(hours=1)
    df["day"] = ts.dt.normalize()
    df["hour"] = ts.dt.hour + 1
    g = df.groupby(["station", "day"])
    cols = ["SO2", "NO2", "PM10", "CO", "PM2_5"]
    means = g[cols].mean()
    counts = g[cols].count()
    means = means.where(counts >= 20)
    for c in ["SO2", "NO2", "PM10", "PM2_5"]:
        means[c] = means[c].round(0)
    means["CO"] = means["CO"].round(1)
    o3 = df.pivot_table(index=["station", "day"], columns="hour", values="O3", aggfunc="last").reindex(columns=range(1, 25))
    arr = o3.to_numpy()
    n_hours = np.sum(~np.isnan(arr), axis=1)
    means = means.join(pd.DataFrame({"O3_1h": np.where(n_hours >= 20, np.nanmax(arr, axis=1), np.nan)}, index=o3.index), how="outer")
    wins = []
    for end in range(8, 25):
        w = arr[:, end - 8 : end]
        n = np.sum(~np.isnan(w), axis=1)
        with np.errstate(invalid="ignore"):
            m = np.nanmean(w, axis=1)
        wins.append(np.where(n >= 6, np.round(m), np.nan))
    wins = np.vstack(wins).T
    valid = np.sum(~np.isnan(wins), axis=1)
    with np.errstate(invalid="ignore"):
        best = np.nanmax(np.where(np.isnan(wins), -np.inf, wins), axis=1)
    best[np.isinf(best)] = np.nan
    mda8 = np.where((valid >= 14) | (best > 160), best, np.nan)
    means = means.join(pd.DataFrame({"O3_8h": mda8}, index=o3.index), how="outer")
    means = means.reset_index().merge(national[["code", "city"]], left_on="station", right_on="code")
    city = means.groupby(["city", "day"])[cols + ["O3_1h", "O3_8h"]].mean()
    for c in ["SO2", "NO2", "PM10", "PM2_5", "O3_1h", "O3_8h"]:
        city[c] = city[c].round(0)
    city["CO"] = city["CO"].round(1)
    sub = pd.DataFrame({name: iaqi(city[name].to_numpy(), name) for name in cols + ["O3_1h", "O3_8h"]}, index=city.index)
    city["AQI"] = sub.max(axis=1)
    complete = city[cols + ["O3_8h"]].notna().all(axis=1)
    for name, grp in city.groupby(level=0):
        ok = complete.loc[name]
        days = grp[ok.values]
        valid_days = len(days)
        good = int((days["AQI"] <= 100).sum())
        heavy = int((days["AQI"] > 200).sum())
        mean = {c: round(grp[c].mean()) for c in ["SO2", "NO2", "PM10", "PM2_5"]}
        pct = lambda c, p: np.percentile(grp[c].dropna(), p)
        co95 = round(pct("CO", 95), 1)
        o390 = round(pct("O3_8h", 90))
        index = mean["SO2"] / 60 + mean["NO2"] / 40 + mean["PM10"] / 70 + mean["PM2_5"] / 35 + co95 / 4 + o390 / 160
        print(f"{name} valid={valid_days} good={good} ratio={round(good / valid_days * 100, 1)} heavy={heavy} "
              f"pm25={mean['PM2_5']} pm25p95={round(pct('PM2_5', 95))} co95={co95} o390={o390} index={round(index, 2)}")
    print(f"pandas seconds {time.time() - t0:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
