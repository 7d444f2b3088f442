package dev.fleetgateway.simulator.web;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.fleetgateway.simulator.FleetSpecChecks;
import dev.fleetgateway.simulator.SimulatorService;

/** Out-of-range fleet settings and patterns RE2 refuses are 400 problems naming the field and what it takes. */
@WebMvcTest(SimulatorController.class)
@Import({SimulatorControllerTests.Limits.class, dev.fleetgateway.support.OpenSliceSecurity.class})
class FleetRequestBoundsTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SimulatorService simulator;

    @BeforeEach
    void realValidation() {
        given(simulator.create(any())).willAnswer(call -> {
            FleetSpecChecks.validate(call.getArgument(0));
            throw new AssertionError("accepted");
        });
    }

    ResultActions fleet(String json) throws Exception {
        return mvc.perform(post("/api/v1/simulator/fleets").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void nanosecondTelemetryIntervalIsABadRequestWithItsRange() throws Exception {
        fleet("{\"profiles\":[\"TELEMETRY\"],\"telemetry\":{\"interval\":\"1ns\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("telemetry.interval must be between 10ms and 1d")))
                .andExpect(jsonPath("$.errors[0].field").value("telemetry.interval"))
                .andExpect(jsonPath("$.errors[0].message", containsString("between 10ms and 1d")));
    }

    @Test
    void zeroReconnectDelayIsABadRequestWithItsRange() throws Exception {
        fleet("{\"realism\":{\"reconnect\":true,\"backoffInitial\":\"0s\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("realism.backoffInitial must be between 100ms and 1h")))
                .andExpect(jsonPath("$.errors[0].field").value("realism.backoffInitial"));
    }

    @Test
    void backreferenceIsABadRequestNamingTheRule() throws Exception {
        fleet("{\"profiles\":[\"REQUEST_RESPONSE\"],\"replies\":[{\"pattern\":\"^(a|a)*\\\\1b\",\"reply\":\"x\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("replies[0].pattern"))
                .andExpect(jsonPath("$.errors[0].message", containsString("linear time")));
    }
}
