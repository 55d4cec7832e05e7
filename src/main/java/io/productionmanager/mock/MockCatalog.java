package io.productionmanager.mock;

import java.util.Random;

/**
 * A deterministic random galaxy catalog: positions in a 1000 Mpc/h box, gaussian velocities and magnitudes.
 *
 * @param realization realization number
 * @param redshift    snapshot redshift
 * @param seed        seed the catalog was drawn from
 * @param x           positions along x (Mpc/h)
 * @param y           positions along y (Mpc/h)
 * @param z           positions along z (Mpc/h)
 * @param vx          velocities along x (km/s)
 * @param vy          velocities along y (km/s)
 * @param vz          velocities along z (km/s)
 * @param magnitude   apparent magnitudes
 * @param galaxyId    galaxy identifiers, unique within a realization's catalog
 */
public record MockCatalog(int realization, double redshift, long seed,
                          double[] x, double[] y, double[] z,
                          double[] vx, double[] vy, double[] vz,
                          double[] magnitude, long[] galaxyId) {

    /** Side of the simulation box in Mpc/h. */
    public static final double BOX_SIZE = 1000.0;
    /** Standard deviation of each velocity component in km/s. */
    public static final double VELOCITY_SIGMA = 300.0;
    /** Standard deviation of the magnitudes. */
    public static final double MAGNITUDE_SIGMA = 1.5;

    /** Number of galaxies. */
    public int rows() {
        return x.length;
    }

    /**
     * The seed of a catalog: a mix of the three inputs, so neighbouring realizations or redshifts
     * do not get correlated streams.
     */
    public static long seed(int realization, double redshift, long seedBase) {
        long h = mix(seedBase);
        h = mix(h ^ (0x9E3779B97F4A7C15L * (realization + 1L)));
        // 0.0 and -0.0 must give the same catalog; the options already reject negative redshifts
        h = mix(h ^ Double.doubleToLongBits(redshift + 0.0));
        return h;
    }

    /** Draws a catalog; java.util.Random is used because its sequence is fixed by its specification. */
    public static MockCatalog draw(int realization, double redshift, long seedBase, int rows) {
        long seed = seed(realization, redshift, seedBase);
        Random random = new Random(seed);
        double[] x = new double[rows];
        double[] y = new double[rows];
        double[] z = new double[rows];
        double[] vx = new double[rows];
        double[] vy = new double[rows];
        double[] vz = new double[rows];
        double[] magnitude = new double[rows];
        long[] galaxyId = new long[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = random.nextDouble() * BOX_SIZE;
            y[i] = random.nextDouble() * BOX_SIZE;
            z[i] = random.nextDouble() * BOX_SIZE;
            vx[i] = random.nextGaussian() * VELOCITY_SIGMA;
            vy[i] = random.nextGaussian() * VELOCITY_SIGMA;
            vz[i] = random.nextGaussian() * VELOCITY_SIGMA;
            magnitude[i] = 22.0 + redshift + random.nextGaussian() * MAGNITUDE_SIGMA;
            galaxyId[i] = realization * 1_000_000_000L + i;
        }
        return new MockCatalog(realization, redshift, seed, x, y, z, vx, vy, vz, magnitude, galaxyId);
    }

    // SplitMix64 finalizer: a cheap, well-distributed 64-bit mix
    private static long mix(long v) {
        v = (v ^ (v >>> 30)) * 0xBF58476D1CE4E5B9L;
        v = (v ^ (v >>> 27)) * 0x94D049BB133111EBL;
        return v ^ (v >>> 31);
    }
}
