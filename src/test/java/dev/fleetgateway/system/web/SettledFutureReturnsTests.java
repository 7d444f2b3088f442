package dev.fleetgateway.system.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.support.OpenSliceSecurity;
import dev.fleetgateway.system.FleetException;

/** A future that is already complete is answered in the first dispatch; one still running goes async as before. */
@WebMvcTest(controllers = SettledFutureReturnsTests.Futures.class)
@Import({ OpenSliceSecurity.class, SettledFutureReturns.class, SettledFutureReturnsTests.Futures.class })
class SettledFutureReturnsTests {

    @Autowired
    MockMvc mvc;

    @Test
    void answersACompletedFutureWithItsValueWithoutGoingAsync() throws Exception {
        mvc.perform(get("/t/done")).andExpect(request().asyncNotStarted()).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.sent").value(5));
    }

    @Test
    void answersACompletedPlainBodyWithItsDeclaredShape() throws Exception {
        mvc.perform(get("/t/body")).andExpect(request().asyncNotStarted()).andExpect(status().isOk())
                .andExpect(jsonPath("$.n").value(1));
    }

    @Test
    void rendersAFailedFutureAsItsProblemWithoutGoingAsync() throws Exception {
        mvc.perform(get("/t/failed")).andExpect(request().asyncNotStarted()).andExpect(status().isRequestTimeout())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("No data"));
    }

    @Test
    void leavesARunningFutureToTheAsyncPath() throws Exception {
        MvcResult r = mvc.perform(get("/t/later")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(r)).andExpect(status().isOk()).andExpect(jsonPath("$.n").value(2));
    }

    @RestController
    static class Futures {

        @GetMapping("/t/done")
        CompletableFuture<ResponseEntity<Object>> done() {
            return CompletableFuture.completedFuture(ResponseEntity.accepted().body(Map.of("sent", 5)));
        }

        @GetMapping("/t/body")
        CompletableFuture<Map<String, Integer>> body() {
            return CompletableFuture.completedFuture(Map.of("n", 1));
        }

        @GetMapping("/t/failed")
        CompletableFuture<ResponseEntity<?>> failed() {
            return CompletableFuture.failedFuture(
                    new FleetException(FleetException.Kind.NO_DATA, "no-data", "No data", "nothing buffered"));
        }

        @GetMapping("/t/later")
        CompletableFuture<Map<String, Integer>> later() {
            return CompletableFuture.supplyAsync(() -> Map.of("n", 2),
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
        }
    }
}
