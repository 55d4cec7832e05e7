package io.productionmanager.stage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlurmFormatsTest {

    @ParameterizedTest(name = "{0} h -> {1}")
    @CsvSource({
            "24.0, 24:00:00",
            "0.5, 00:30:00",
            "1.25, 01:15:00",
            "48.0, 48:00:00",
            "0.1, 00:06:00",
            "0.0001, 00:00:01",
            "100.5, 100:30:00"})
    void walltime_is_hours_minutes_seconds_without_folding_days(double hours, String expected) {
        assertThat(SlurmFormats.time(hours)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} GB -> {1}")
    @CsvSource({
            "16.0, 16G",
            "1.0, 1G",
            "1000.0, 1000G",
            "1.5, 1536M",
            "0.1, 103M",
            "2.2, 2253M"})
    void memory_is_whole_gigabytes_or_megabytes_rounded_up(double gb, String expected) {
        assertThat(SlurmFormats.memory(gb)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void non_positive_or_non_finite_values_are_refused(double value) {
        assertThatThrownBy(() -> SlurmFormats.time(value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlurmFormats.memory(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
