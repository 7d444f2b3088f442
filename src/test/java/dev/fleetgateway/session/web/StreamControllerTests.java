package dev.fleetgateway.session.web;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.fleetgateway.session.SessionQueries;

/** Query parameters of the SSE endpoints: a bad one is a 400 problem naming it, never a 500. */
@WebMvcTest(StreamController.class)
@org.springframework.context.annotation.Import(dev.fleetgateway.support.OpenSliceSecurity.class)
class StreamControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    EventStreams streams;

    @MockitoBean
    SessionQueries queries;

    @Test
    void repeatedEventTypeCountsOnce() throws Exception {
        given(streams.subscribeFleet(any())).willReturn(new SseEmitter(0L));
        mvc.perform(get("/api/v1/events").param("type", "opened,opened").accept("text/event-stream"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/events").param("type", "Opened, closed ,opened").accept("text/event-stream"))
                .andExpect(status().isOk());
    }

    @Test
    void unknownOrEmptyEventTypeIsABadRequestNamingTheParameter() throws Exception {
        for (String type : new String[] {"opened,bogus", "opened,", ",", "opened,,closed"}) {
            mvc.perform(get("/api/v1/events").param("type", type).accept("text/event-stream"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("type"))
                    .andExpect(jsonPath("$.detail", containsString("opened, identified, closed")));
        }
    }

    @Test
    void negativeOrMalformedReplayCursorIsABadRequest() throws Exception {
        mvc.perform(get("/api/v1/sessions/s1/stream").param("after", "-1").accept("text/event-stream"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("after"));
        mvc.perform(get("/api/v1/sessions/s1/stream").param("after", "x").accept("text/event-stream"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("after"));
    }
}
