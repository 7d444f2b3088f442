package dev.fleetgateway.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.console.TrafficHistory;
import dev.fleetgateway.session.Frame;
import dev.fleetgateway.system.FleetException;

/** What the console renders from data it does not control: module frames and the operator's filters. */
class FragmentsTests {

    @Test
    void aFrameIsShownEscapedWithItsControlCharactersSpelledOut() {
        String html = Fragments.frame(new Frame(7, 0, "<script>alert(1)</script>\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;\\r\\n")
                .contains("#7").contains("27 B").contains("3c 73 63");
    }

    @Test
    void binaryFramesAreShownAsHexOnlyAndLongOnesCut() {
        String binary = Fragments.frame(new Frame(1, 0, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}));
        assertThat(binary).doesNotContain("class=\"text\"").contains("ff fe 00");
        String big = Fragments.frame(new Frame(2, 0, new byte[Fragments.FRAME_SHOWN + 100]));
        assertThat(big).contains((Fragments.FRAME_SHOWN + 100) + " B").contains(" …</code>");
    }

    @Test
    void labelFiltersAreKeyValuePairsAndAnythingElseIsA400() {
        assertThat(ModulePages.parseLabels(" site:berlin, fw:1.2 ")).isEqualTo(Map.of("site", "berlin", "fw", "1.2"));
        assertThat(ModulePages.parseLabels("")).isEmpty();
        assertThatThrownBy(() -> ModulePages.parseLabels("berlin")).isInstanceOf(FleetException.class)
                .extracting(e -> ((FleetException) e).kind()).isEqualTo(FleetException.Kind.INVALID);
    }

    @Test
    void chartSamplesAreColumnsOfNumbers() {
        String json = Fragments.samples(List.of(new TrafficHistory.Sample(100, 1, 0.5, 10, 20, 3),
                new TrafficHistory.Sample(102, 0, 0, 0, 0, 3)));
        assertThat(json).isEqualTo("[[100,102],[1.00,0.00],[0.50,0.00],[10.00,0.00],[20.00,0.00]]");
    }
}
